import type { catalogV1 } from '@omotenashi/proto';
import type { Downstreams } from '../downstream/downstreams';
import { present } from './present';

type Deps = Pick<Downstreams, 'catalog'>;

export async function createResource({ catalog }: Deps, request: catalogV1.CreateResourceRequest): Promise<catalogV1.Resource> {
  return present((await catalog.call('createResource', request)).resource, 'catalog.CreateResource resource');
}

export async function getResource({ catalog }: Deps, request: catalogV1.GetResourceRequest): Promise<catalogV1.Resource> {
  return present((await catalog.call('getResource', request)).resource, 'catalog.GetResource resource');
}

export function listResources({ catalog }: Deps, request: catalogV1.ListResourcesRequest): Promise<catalogV1.ListResourcesResponse> {
  return catalog.call('listResources', request);
}

export async function updateResource({ catalog }: Deps, request: catalogV1.UpdateResourceRequest): Promise<catalogV1.Resource> {
  return present((await catalog.call('updateResource', request)).resource, 'catalog.UpdateResource resource');
}

export async function deleteResource({ catalog }: Deps, request: catalogV1.DeleteResourceRequest): Promise<void> {
  await catalog.call('deleteResource', request);
}
