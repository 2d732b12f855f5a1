// Reading the portal as a unit does in fetch-based tests: a unit's signed link token, and the Chinese message
// a page shows in its alert.
import { signLink } from '../../store/links/signed-links';
import { LINK_SECRET } from './web-stack';

/** The `t` of unit `unit`'s link, valid for an hour (or until `expSec`, epoch seconds). */
export const unitToken = (unit: string, expSec = Math.floor(Date.now() / 1000) + 3600): string =>
  signLink({ unit, exp: expSec }, LINK_SECRET);

/** The text of the page's role="alert" element, if it has one. */
export const alertOf = (html: string): string | undefined => /role="alert">([^<]*)</.exec(html)?.[1];
