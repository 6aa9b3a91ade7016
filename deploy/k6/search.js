// Search: GET /v1/businesses?q=… with Japanese and English terms.
//   k6 run -e BASE_URL=… deploy/k6/search.js
import { closedModel } from './lib/config.js';
import { search } from './lib/requests.js';
import { setupData } from './lib/setup.js';

export const options = closedModel('find');
export const setup = setupData;
export function find() {
  search();
}
