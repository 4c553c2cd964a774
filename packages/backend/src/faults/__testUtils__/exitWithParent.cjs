// Preloaded (`node --require`) into the backends the fault tests start: when
// the test process dies without stopping them, their IPC channel closes and
// they exit instead of living on.
process.on('disconnect', () => process.exit(1));
