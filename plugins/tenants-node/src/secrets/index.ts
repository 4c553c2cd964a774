export {
  decodeSecretData,
  readExistingSecretValues,
} from './readExistingSecretValues';
export { generateSecretValue, mergeSecretValues } from './mergeSecretValues';
export { secretObjects } from './secretObjects';
export {
  deleteStagedPasswords,
  labelStagedPasswords,
  missingStagedPasswords,
  readStagedPasswords,
  stagePassword,
  STAGED_BY_ANNOTATION,
  STAGED_FOR_CHANGE_REQUEST_LABEL,
  STAGED_FOR_TENANT_LABEL,
  STAGED_PASSWORD_LABEL,
} from './stagedPasswords';
