import { phaseActionExamples } from '../phases/phaseActionExamples';

export const examples = phaseActionExamples('data-infrastructure');
