import { describe, expect, it } from 'vitest';
import { synthesizedStack } from './support';

const { template } = synthesizedStack();
const ours = Object.entries(template.findResources('AWS::Lambda::Function')).filter(([, fn]) =>
  String((fn.Properties as { Description?: string }).Description ?? '').startsWith('crossclaim '),
);

describe('infra: personal data stays out of traces and workflow logs', () => {
  it('every crossclaim function has Tracer response and error capture off', () => {
    expect(ours.length).toBeGreaterThan(30);
    for (const [id, fn] of ours) {
      const env = (fn.Properties as { Environment?: { Variables?: Record<string, unknown> } }).Environment
        ?.Variables;
      expect(env, id).toMatchObject({
        POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
        POWERTOOLS_TRACER_CAPTURE_ERROR: 'false',
      });
    }
  });

  it('the state machine logs every transition without execution data (no inputs, outputs or causes)', () => {
    const machines = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
    expect(machines).toHaveLength(1);
    for (const machine of machines) {
      const logging = (machine.Properties as { LoggingConfiguration?: Record<string, unknown> })
        .LoggingConfiguration;
      expect(logging).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });
    }
  });
});
