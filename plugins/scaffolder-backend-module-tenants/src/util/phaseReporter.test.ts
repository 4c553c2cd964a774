import { phaseReporter } from './phaseReporter';

describe('phaseReporter', () => {
  it('sends the events in order, each once the one before it was answered', async () => {
    const sent: string[] = [];
    const answers: Array<() => void> = [];
    const tenantService = {
      reportPhase: jest.fn(
        (_tenant: string, _phase: string, event: { type: string }) =>
          new Promise<void>(resolve => {
            sent.push(event.type);
            answers.push(resolve);
          }),
      ),
    };
    const report = phaseReporter(
      tenantService,
      { warn: jest.fn() },
      'tenant-1',
      'namespace',
    );

    void report({ type: 'started' });
    void report({ type: 'log', message: 'Applied: 3 created' });
    const completed = report({ type: 'completed' });
    await Promise.resolve();
    expect(sent).toEqual(['started']);

    for (let i = 0; i < 3; i++) {
      await new Promise(setImmediate);
      answers[i]();
    }
    await completed;
    expect(sent).toEqual(['started', 'log', 'completed']);
  });

  it('goes on after a report that failed, with a warning', async () => {
    const warn = jest.fn();
    const tenantService = {
      reportPhase: jest
        .fn()
        .mockRejectedValueOnce(new Error('Tenant Service unavailable'))
        .mockResolvedValue(undefined),
    };
    const report = phaseReporter(
      tenantService,
      { warn },
      'tenant-1',
      'secrets',
    );
    void report({ type: 'started' });
    await report({ type: 'completed' });
    expect(tenantService.reportPhase).toHaveBeenCalledTimes(2);
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining("Could not report 'started' of phase secrets"),
    );
  });
});
