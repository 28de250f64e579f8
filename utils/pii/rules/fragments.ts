/**
 * Pieces the contextual rules are written with. Latin-script rules avoid the `u` flag (about
 * three times slower in V8), so letter classes are spelled out for the Latin ranges the four
 * European languages use.
 */
export const LU = 'A-ZÀ-ÖØ-Þ';
export const LL = 'a-zß-öø-ÿ';
export const L = 'A-Za-zÀ-ÖØ-öø-ɏ';
export const NAME = `[${LU}][${LL}'’-]+`;
export const PLACE = `(?:the\\s+)?[${LU}][${L}'’.-]+`;
/** A place after a preposition, with the article some names take ("the Marais", "el Retiro"). */
export const PLACE_X = `(?:(?:the|el|la|los|las|le|les|der|die|das|dem|den) )?(?:l'|l’)?[${LU}][${L}'’.-]+`;
/** Word start; the rule compiler turns it into a check in code (see contextual.ts). */
export const W = `(?<![${L}0-9_])`;
export const WE = `(?![${L}0-9_])`;
