import { phaseActionExamples } from '../phases/phaseActionExamples';

export const examples = phaseActionExamples('observability');
