import { beforeAll, describe, expect, it } from 'vitest';
import {
  adaptDefinitionForLibrary,
  MAX_TIMER_SECONDS,
} from '../../../local/stepfunctions/library-definition';
import { LocalStepFunctions } from '../../../local/stepfunctions/runner';
import { aslFixture, fastStepFunctions, functionArn, substitutionsFor, validateFixtures } from './helpers';

const singleTask = (resource: string, extra: Record<string, unknown> = {}) => ({
  StartAt: 'Only',
  States: { Only: { Type: 'Task', Resource: resource, End: true, ...extra } },
});

describe('local Step Functions: creating state machines', () => {
  beforeAll(() => validateFixtures({ choice: [] }));

  it('substitutes ${…FunctionArn} placeholders and names any left without a value', () => {
    const sfn = fastStepFunctions();
    const create = (substitutions: Record<string, string>) =>
      sfn.createStateMachine({ name: 'chain', definition: aslFixture('chain'), substitutions });

    expect(() => create(substitutionsFor('LoadClaim'))).toThrow(
      expect.objectContaining({
        name: 'InvalidDefinition',
        message: expect.stringContaining('${AdjudicateFunctionArn}, ${NotifyFunctionArn}'),
      }),
    );
    expect(create(substitutionsFor('LoadClaim', 'Adjudicate', 'Notify')).stateMachineArn).toBe(
      'arn:aws-cn:states:cn-north-1:000000000000:stateMachine:chain',
    );
  });

  it('is idempotent for the same definition and refuses another one under the same name', () => {
    const sfn = fastStepFunctions();
    const first = sfn.createStateMachine({ name: 'choice', definition: aslFixture('choice') });

    expect(sfn.createStateMachine({ name: 'choice', definition: aslFixture('choice') })).toEqual(first);
    expect(() => sfn.createStateMachine({ name: 'choice', definition: aslFixture('wait') })).toThrow(
      expect.objectContaining({ name: 'StateMachineAlreadyExists' }),
    );
  });

  it('refuses Task resources it cannot run locally', () => {
    const sfn = fastStepFunctions();
    const definition = singleTask('arn:aws:states:::dynamodb:putItem', {
      Parameters: { TableName: 'claims', Item: {} },
    });

    expect(() => sfn.createStateMachine({ name: 'ddb', definition })).toThrow(
      expect.objectContaining({
        name: 'InvalidDefinition',
        message: expect.stringContaining('dynamodb:putItem'),
      }),
    );
  });

  it('refuses JSONata and variables, which the engine would silently ignore', () => {
    const sfn = fastStepFunctions();
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'Only',
      States: { Only: { Type: 'Pass', Output: '{% $states.input %}', Assign: { seen: true }, End: true } },
    };

    expect(() => sfn.createStateMachine({ name: 'jsonata', definition })).toThrow(
      expect.objectContaining({
        name: 'InvalidDefinition',
        message: expect.stringMatching(/JSONata.*Assign.*Output/),
      }),
    );
  });

  it('refuses an invalid definition with the validator’s reason', () => {
    const sfn = fastStepFunctions();
    const definition = { StartAt: 'Only', States: { Only: { Type: 'Pass', Next: 'Nowhere' } } };

    expect(() => sfn.createStateMachine({ name: 'broken', definition })).toThrow(
      expect.objectContaining({ name: 'InvalidDefinition', message: expect.stringContaining('Nowhere') }),
    );
  });

  it('refuses to start on a Node without Promise.withResolvers, where every task would fail', () => {
    const withResolvers = Reflect.get(Promise, 'withResolvers') as unknown;
    Reflect.deleteProperty(Promise, 'withResolvers');
    try {
      expect(() => new LocalStepFunctions()).toThrow(/Node\.js >= 22/);
    } finally {
      Reflect.set(Promise, 'withResolvers', withResolvers);
    }
  });
});

describe('local Step Functions: the definition the library runs', () => {
  const callbackResource = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
  const callbackParameters = { FunctionName: functionArn('X'), Payload: { 'token.$': '$$.Task.Token' } };
  const onlyState = (definition: Record<string, unknown>) =>
    (definition['States'] as Record<string, Record<string, unknown>>)['Only'];

  it('lets a callback task without TimeoutSeconds wait as long as a timer can, not the library’s 60 s', () => {
    const adapted = adaptDefinitionForLibrary(
      singleTask(callbackResource, { Parameters: callbackParameters }),
      {
        timeScale: 0.01,
      },
    );

    expect(onlyState(adapted)?.['TimeoutSeconds']).toBe(MAX_TIMER_SECONDS);
  });

  it('leaves a plain Lambda task without TimeoutSeconds to the library default', () => {
    const adapted = adaptDefinitionForLibrary(singleTask(functionArn('X')), { timeScale: 0.01 });

    expect(onlyState(adapted)).not.toHaveProperty('TimeoutSeconds');
  });

  it('scales retry intervals, including the 1 s default, and never edits the given definition', () => {
    const definition = singleTask(functionArn('X'), {
      Retry: [{ ErrorEquals: ['A'] }, { ErrorEquals: ['B'], IntervalSeconds: 4, MaxDelaySeconds: 10 }],
    });
    const adapted = adaptDefinitionForLibrary(definition, { timeScale: 0.5 });

    expect(onlyState(adapted)?.['Retry']).toEqual([
      { ErrorEquals: ['A'], IntervalSeconds: 0.5 },
      { ErrorEquals: ['B'], IntervalSeconds: 2, MaxDelaySeconds: 5 },
    ]);
    expect(definition.States.Only).not.toHaveProperty('Retry.0.IntervalSeconds');
  });

  it('drops ResultPath "$" (same meaning, mishandled by the library) from states and catchers', () => {
    const adapted = adaptDefinitionForLibrary(
      singleTask(functionArn('X'), {
        ResultPath: '$',
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$', Next: 'Only' }],
      }),
      { timeScale: 1 },
    );

    expect(onlyState(adapted)).not.toHaveProperty('ResultPath');
    expect(onlyState(adapted)?.['Catch']).toEqual([{ ErrorEquals: ['States.ALL'], Next: 'Only' }]);
  });
});
