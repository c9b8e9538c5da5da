/**
 * State transitions the local executions made, for the cost model (`crossclaim cost`): Step
 * Functions Standard bills one per state entered and one per retry. Process-wide and additive.
 */
export const stateTransitionUsage = { executions: 0, transitions: 0, retries: 0 };
export const resetStateTransitionUsage = (): void => {
  Object.assign(stateTransitionUsage, { executions: 0, transitions: 0, retries: 0 });
};

export async function countTransitions(events: AsyncGenerator<{ type: string }>): Promise<void> {
  stateTransitionUsage.executions += 1;
  try {
    for await (const event of events) {
      if (event.type === 'StateEntered') stateTransitionUsage.transitions += 1;
      else if (event.type === 'StateRetried') stateTransitionUsage.retries += 1;
    }
  } catch {
    // Counting never changes how an execution ends.
  }
}
