export {
  decodeSecretData,
  readExistingSecretValues,
} from './readExistingSecretValues';
export { generateSecretValue, mergeSecretValues } from './mergeSecretValues';
export { secretObjects } from './secretObjects';
