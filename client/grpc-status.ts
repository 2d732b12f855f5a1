// The gRPC status codes the client tells apart in the Temporal server's answers (the numbers gRPC defines).
export const GRPC_STATUS = { deadlineExceeded: 4, notFound: 5, unimplemented: 12, unavailable: 14 } as const;

/** The gRPC status of an error: its own code (a raw call) or its cause's (an SDK ServiceError), when the server gave one. */
export const grpcStatusOf = (err: unknown): unknown => {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | undefined;
  return e?.code ?? e?.cause?.code;
};
