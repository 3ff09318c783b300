// The native limits each renderer enforces must be the ones its channel's manifest declares:
// every manifest limit (and maxTextLength) has an equal constant in the renderer's limits.
import { describe, expect, it } from 'vitest';
import { channelManifests } from '../../connectors/manifests';
import { getRendering, renderedChannelTypes } from '../../connectors/renderers';

describe('renderer limits agree with channel manifests', () => {
  it('every manifest has a renderer and every renderer a manifest', () => {
    expect([...renderedChannelTypes()].sort()).toEqual(channelManifests.map((m) => m.type).sort());
  });

  for (const manifest of channelManifests) {
    it(manifest.type, () => {
      const limits = getRendering(manifest.type)!.limits;
      expect(limits.maxTextLength, 'maxTextLength').toBe(manifest.capabilities.maxTextLength);
      for (const support of manifest.capabilities.richContent) {
        for (const [key, value] of Object.entries(support.limits ?? {})) {
          expect(limits.richContent[support.type]?.[key], `${support.type}.${key}`).toBe(value);
        }
      }
    });
  }
});
