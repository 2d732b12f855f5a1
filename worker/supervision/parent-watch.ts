// The child side of supervision: a process started by `npm start` has an IPC channel to it. When that
// channel closes (the supervisor died, even by kill -9), the child stops itself instead of living on as an
// orphan that holds its port; and it tells the supervisor when it is ready.

/** Whether this process was started by a supervisor (it has an IPC channel to its parent). */
export function supervised(): boolean {
  return typeof process.send === 'function';
}

/** Tells the supervisor that this process is up and serving. A no-op when run on its own. */
export function tellParentReady(): void {
  process.send?.({ duban: 'ready' });
}

/**
 * Calls `stop` once the supervisor is gone, and exits after `graceMs` whatever `stop` is doing. The channel
 * does not keep the process alive by itself.
 */
export function exitWithParent(name: string, stop: () => unknown, graceMs = 5000): void {
  if (!supervised()) return;
  process.channel?.unref();
  process.once('disconnect', () => {
    console.error(`[${name}] 启动进程已退出，随之停止`);
    setTimeout(() => process.exit(1), graceMs);
    Promise.resolve()
      .then(stop)
      .catch(() => undefined)
      .finally(() => process.exit(1));
  });
}
