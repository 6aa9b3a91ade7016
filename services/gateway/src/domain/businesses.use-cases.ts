import type { catalogV1 } from '@omotenashi/proto';
import type { Downstreams } from '../downstream/downstreams';
import { present } from './present';

type Deps = Pick<Downstreams, 'catalog'>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function createBusiness({ catalog }: Deps, request: catalogV1.CreateBusinessRequest): Promise<catalogV1.Business> {
  const { business } = await catalog.call('createBusiness', request);
  return present(business, 'catalog.CreateBusiness business');
}

export async function getBusiness({ catalog }: Deps, businessId: string): Promise<catalogV1.Business> {
  const { business } = await catalog.call('getBusiness', { businessId });
  return present(business, 'catalog.GetBusiness business');
}

/** A public profile by id or by slug. */
export async function getBusinessByIdOrSlug(deps: Deps, idOrSlug: string): Promise<catalogV1.Business> {
  if (UUID.test(idOrSlug)) return getBusiness(deps, idOrSlug.toLowerCase());
  const { business } = await deps.catalog.call('getBusinessBySlug', { slug: idOrSlug });
  return present(business, 'catalog.GetBusinessBySlug business');
}

export function listBusinesses({ catalog }: Deps, request: catalogV1.ListBusinessesRequest): Promise<catalogV1.ListBusinessesResponse> {
  return catalog.call('listBusinesses', request);
}

export async function updateBusiness({ catalog }: Deps, request: catalogV1.UpdateBusinessRequest): Promise<catalogV1.Business> {
  const { business } = await catalog.call('updateBusiness', request);
  return present(business, 'catalog.UpdateBusiness business');
}

export async function deleteBusiness({ catalog }: Deps, businessId: string): Promise<void> {
  await catalog.call('deleteBusiness', { businessId });
}
