// The Engagement Mapper module, loaded by the snippet only when the page was opened from the
// console's "Map elements" (with `#parley-map=<token>`).
import { startMapper } from './overlay';

window.__parleyMapper = startMapper;
