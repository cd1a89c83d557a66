import { getTenants, searchTenants } from '../../shared/methods/listTenants';
import { searchAlerts } from './searchAlerts';

export const listSearch = { searchAlerts, searchTenants };
export const loadOptions = { getTenants };
