export { listCrdNames } from './listCrdNames';
export { cachedCrdNames } from './cachedCrdNames';
export { missingCrds, missingCrdsMessage } from './missingCrds';
export type { RequiredCrds } from './missingCrds';
