/** `in_progress` → `in progress`, for messages. */
export const humanize = (value: string) => value.replace('_', ' ');
