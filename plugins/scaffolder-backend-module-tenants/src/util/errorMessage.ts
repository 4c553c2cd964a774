/** The message of an error, or the thrown value as text. */
export const errorMessage = (error: unknown) =>
  error instanceof Error ? error.message : String(error);
