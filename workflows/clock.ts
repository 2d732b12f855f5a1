// The workflows' "now": Temporal's deterministic clock, shifted back in simulations, which replay a past
// plan year on a server whose clock is today (clockShiftMs; zero in production).
export const workflowClock =
  (shiftMs = 0) =>
  (): number =>
    // eslint-disable-next-line no-restricted-properties -- inside the workflow sandbox Date.now() is Temporal's deterministic clock
    Date.now() - shiftMs;
