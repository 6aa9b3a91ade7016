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

export function listServices({ catalog }: Deps, request: catalogV1.ListServicesRequest): Promise<catalogV1.ListServicesResponse> {
  return catalog.call('listServices', request);
}

export async function updateService({ catalog }: Deps, request: catalogV1.UpdateServiceRequest): Promise<catalogV1.Service> {
  const { service } = await catalog.call('updateService', request);
  return present(service, 'catalog.UpdateService service');
}

export async function deleteService({ catalog }: Deps, request: catalogV1.DeleteServiceRequest): Promise<void> {
  await catalog.call('deleteService', request);
}
