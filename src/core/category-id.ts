/** A category id as config, markup and the consent cookie write it. */
export const CATEGORY_ID = /^[a-z0-9][a-z0-9_-]{0,31}$/;
