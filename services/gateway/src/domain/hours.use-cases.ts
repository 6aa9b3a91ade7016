import type { catalogV1 } from '@omotenashi/proto';
import type { Downstreams } from '../downstream/downstreams';
import { present } from './present';

type Deps = Pick<Downstreams, 'catalog'>;

export async function getHours({ catalog }: Deps, businessId: string): Promise<catalogV1.BusinessHours> {
  const { hours } = await catalog.call('getBusinessHours', { businessId });
  return present(hours, 'catalog.GetBusinessHours hours');
}

export async function replaceHours({ catalog }: Deps, request: catalogV1.SetBusinessHoursRequest): Promise<catalogV1.BusinessHours> {
  const { hours } = await catalog.call('setBusinessHours', request);
  return present(hours, 'catalog.SetBusinessHours hours');
}

export async function listClosures({ catalog }: Deps, request: catalogV1.ListClosuresRequest): Promise<catalogV1.Closure[]> {
  return (await catalog.call('listClosures', request)).closures;
}

export async function createClosure({ catalog }: Deps, request: catalogV1.CreateClosureRequest): Promise<catalogV1.Closure> {
  const { closure } = await catalog.call('createClosure', request);
  return present(closure, 'catalog.CreateClosure closure');
}

export async function deleteClosure({ catalog }: Deps, request: catalogV1.DeleteClosureRequest): Promise<void> {
  await catalog.call('deleteClosure', request);
}
