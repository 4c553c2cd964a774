import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// CI runs these beside the cluster and database suites on two cores: rendering
// the MUI pages can take seconds there, so waits and tests get room to finish.
configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(60_000);
