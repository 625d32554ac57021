/** Schemes an external link may use, in the renderer and in the extension. Everything else is dropped. */
export const EXTERNAL_SCHEMES = ['http:', 'https:', 'mailto:'] as const;
