import type { Downstreams } from '../../downstream/downstreams';

/** What route plugins receive: the downstream clients (and, with identity, the auth services). */
export interface RouteDeps {
  downstreams: Downstreams;
}
