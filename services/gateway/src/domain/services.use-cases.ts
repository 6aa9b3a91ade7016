import type { catalogV1 } from '@omotenashi/proto';
import type { Downstreams } from '../downstream/downstreams';
import { present } from './present';

type Deps = Pick<Downstreams, 'catalog'>;

export async function createService({ catalog }: Deps, request: catalogV1.CreateServiceRequest): Promise<catalogV1.Service> {
  const { service } = await catalog.call('createService', request);
  return present(service, 'catalog.CreateService service');
}

export async function getService({ catalog }: Deps, request: catalogV1.GetServiceRequest): Promise<catalogV1.Service> {
  const { service } = await catalog.call('getService', request);
  return present(service, 'catalog.GetService service');
}
