import { z } from 'zod';
import { parseOrThrow } from '../domain/validation';
import { detailVersionSchema } from './detail-version';
import type { OutgoingEvent } from './event-entry';

type VersionSchema = ReturnType<typeof detailVersionSchema>;
type DetailShape<Shape extends z.ZodRawShape> = { version: VersionSchema } & Shape;
type DetailSchema<Shape extends z.ZodRawShape> = z.ZodObject<DetailShape<Shape>>;

/**
 * One event's contract: its detail-type, its detail schema (with `version`), the version
 * producers write, where it comes from, and a builder producers use. Consumers and producers
 * share it, so the two cannot drift apart.
 */
export interface EventContract<DetailType extends string, Shape extends z.ZodRawShape> {
  detailType: DetailType;
  /** The version this code writes; consumers accept any minor of `knownMajors`. */
  currentVersion: string;
  /** The `version` field on its own: consumers check it before anything else. */
  versionSchema: VersionSchema;
  /**
   * The detail as a consumer reads it. Fields it does not know are dropped rather than refused:
   * a later minor version may add optional fields, which older consumers must let through.
   */
  schema: DetailSchema<Shape>;
  /** The `source` an event with this detail must carry. */
  sourceOf(detail: z.output<DetailSchema<Shape>>): string;
  /** Builds a validated event at the current version (throws InvalidInputError naming the field). */
  event(
    fields: Omit<z.input<DetailSchema<Shape>>, 'version'>,
  ): OutgoingEvent<DetailType, z.output<DetailSchema<Shape>>>;
}

export interface EventContractDefinition<DetailType extends string, Shape extends z.ZodRawShape> {
  detailType: DetailType;
  currentVersion: string;
  knownMajors: readonly number[];
  fields: Shape;
  sourceOf(detail: z.output<DetailSchema<Shape>>): string;
  /** Facts between fields (an end not before its start); each issue names its field. */
  check?: (
    detail: z.output<DetailSchema<Shape>>,
    ctx: z.core.$RefinementCtx<z.output<DetailSchema<Shape>>>,
  ) => void;
}

export function defineEventContract<DetailType extends string, Shape extends z.ZodRawShape>(
  definition: EventContractDefinition<DetailType, Shape>,
): EventContract<DetailType, Shape> {
  const { detailType, currentVersion, knownMajors, fields, sourceOf, check } = definition;
  const versionSchema = detailVersionSchema(knownMajors);
  const shape = { version: versionSchema, ...fields } as DetailShape<Shape>;
  const plain = z.object(shape);
  const schema = check ? plain.superRefine(check) : plain;
  return {
    detailType,
    currentVersion,
    versionSchema,
    schema,
    sourceOf,
    event(detailFields) {
      const detail = parseOrThrow(
        schema,
        { ...detailFields, version: currentVersion },
        `${detailType} detail`,
      );
      return { source: sourceOf(detail), detailType, detail };
    },
  };
}
