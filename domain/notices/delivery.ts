/** Failure type of a delivery the server refused for good (bad address, rejected recipient): never retried. */
export const PERMANENT_FAILURE = 'PermanentDeliveryFailure';
