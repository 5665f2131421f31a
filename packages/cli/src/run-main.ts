/**
 * Runs a script's `main` and exits with the status it resolves to; if it throws, prints what
 * `describeError` makes of the error and exits with status 2.
 */
export function runMain(main: () => Promise<number>, describeError: (error: unknown) => string): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(describeError(error));
      process.exit(2);
    },
  );
}
