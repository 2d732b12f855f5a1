// How a run-by-hand script ends: exit 0 when its main resolves, print the error and exit 1 when it fails (the
// clients and workers it opened would otherwise keep the process alive).
export function runToExit(main: () => Promise<unknown>): void {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
