import { describe, expect, it } from 'vitest';
import { HospitalUnavailableError } from '../../../adapters/hospital-client';
import { asStepError, isTransportFailure } from '../../../functions/shared/unreachable-services';

const socketError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:8000`), { code });

describe('a step that cannot reach its store fails with ServiceUnreachable, which the state machine retries', () => {
  it('renames a refused or reset connection and the SDK timeout, however deep the cause', () => {
    for (const error of [
      socketError('ECONNREFUSED'),
      socketError('ECONNRESET'),
      Object.assign(new Error('Connection timed out after 1000 ms'), { name: 'TimeoutError' }),
      new Error('fetch failed', { cause: socketError('EPIPE') }),
    ]) {
      const thrown = asStepError(error) as Error;
      expect(thrown.name).toBe('ServiceUnreachable');
      expect(thrown.cause).toBe(error);
    }
  });

  it('leaves every other failure as it is: a refused write, a bad input, an outside party with its own name', () => {
    const conditional = Object.assign(new Error('The conditional request failed'), {
      name: 'ConditionalCheckFailedException',
    });
    const hospital = new HospitalUnavailableError('H310104 answered 503');
    for (const error of [conditional, hospital, new TypeError('x is undefined')]) {
      expect(isTransportFailure(error)).toBe(false);
      expect(asStepError(error)).toBe(error);
    }
  });
});
