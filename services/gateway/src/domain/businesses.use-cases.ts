import type { catalogV1 } from '@omotenashi/proto';
import type { Downstreams } from '../downstream/downstreams';
import { present } from './present';

type Deps = Pick<Downstreams, 'catalog'>;

export async function createBusiness({ catalog }: Deps, request: catalogV1.CreateBusinessRequest): Promise<catalogV1.Business> {
  const { business } = await catalog.call('createBusiness', request);
  return present(business, 'catalog.CreateBusiness business');
}

export async function getBusiness({ catalog }: Deps, businessId: string): Promise<catalogV1.Business> {
  const { business } = await catalog.call('getBusiness', { businessId });
  return present(business, 'catalog.GetBusiness business');
}
