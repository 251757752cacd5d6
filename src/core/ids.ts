// The shapes of names rpv checks before anything is sent, each declared once.

/** Job and endpoint IDs as the service documents them (and `rpv status <id>` accepts them). */
export const ID_PATTERN = /^[A-Za-z0-9_-]+$/;

/** Profile names in the config file. */
export const PROFILE_NAME_PATTERN = /^[A-Za-z0-9._-]+$/;
