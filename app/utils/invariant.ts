/** Throws a Response (rendered by the nearest ErrorBoundary) unless the condition holds. */
export function invariantResponse(
  condition: unknown,
  message: string = "Not found",
  init: ResponseInit = { status: 404 },
): asserts condition {
  if (!condition) throw new Response(message, init);
}
