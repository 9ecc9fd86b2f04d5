/** What other features may use of tags; everything else in this folder is internal. */
export { cachedTagCatalog, loadTagCatalog, profileTagGroups, tagNames } from './tag-catalog.ts';
export { customerTagGroups, planTagChange, pushTagChange, saveTagChange, type TagChange, type TagTarget } from './tag-change.ts';
