/**
 * Entry of the bundle `dist/workspaceNotes.js`: everything a workspace's notes need that the
 * bundled notes got at build time (YAML, Markdown, validation, rendering). The extension loads it
 * on the first workspace note only, so activation never pays for markdown-it and the YAML parser.
 */
export { parseNoteFile, checkNoteSet } from './noteSet';
export { renderArticle } from './article';
export { bundledAsExternal } from './noteLibrary';
