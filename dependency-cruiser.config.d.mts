import type { IConfiguration, IForbiddenRuleType } from 'dependency-cruiser';

/** The layer rules (dependency-cruiser.config.mjs), typed for test/layers.test.ts. */
export declare const LAYER_RULES: IForbiddenRuleType[];
declare const config: IConfiguration;
export default config;
