import type { IdentityDeps } from '../../domain/identity/use-cases/identity-deps';
import type { Downstreams } from '../../downstream/downstreams';

/** What route plugins receive: the downstream clients and the identity use-case deps. */
export interface RouteDeps {
  downstreams: Downstreams;
  identity: IdentityDeps;
}
