import type { catalogV1 } from '@omotenashi/proto';
import type { Downstreams } from '../downstream/downstreams';
import { present } from './present';

type Deps = Pick<Downstreams, 'catalog'>;

export async function createStaff({ catalog }: Deps, request: catalogV1.CreateStaffRequest): Promise<catalogV1.Staff> {
  return present((await catalog.call('createStaff', request)).staff, 'catalog.CreateStaff staff');
}

export async function getStaff({ catalog }: Deps, request: catalogV1.GetStaffRequest): Promise<catalogV1.Staff> {
  return present((await catalog.call('getStaff', request)).staff, 'catalog.GetStaff staff');
}

export function listStaff({ catalog }: Deps, request: catalogV1.ListStaffRequest): Promise<catalogV1.ListStaffResponse> {
  return catalog.call('listStaff', request);
}

export async function updateStaff({ catalog }: Deps, request: catalogV1.UpdateStaffRequest): Promise<catalogV1.Staff> {
  return present((await catalog.call('updateStaff', request)).staff, 'catalog.UpdateStaff staff');
}

export async function deleteStaff({ catalog }: Deps, request: catalogV1.DeleteStaffRequest): Promise<void> {
  await catalog.call('deleteStaff', request);
}
