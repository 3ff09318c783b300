// The capability registry must say what the renderers actually do: every channel × rich-content
// type level in a manifest equals the outcome of rendering that type's sample on that channel.
import { describe, expect, it } from 'vitest';
import { channelManifests } from '../../connectors/manifests';
import { conformanceMatrix } from '../../scripts/docs/rich-content-doc';

describe('manifests agree with the renderers', () => {
  const matrix = conformanceMatrix();
  for (const manifest of channelManifests) {
    it(`${manifest.type}: declared rich-content levels are the rendered ones`, () => {
      const declared = Object.fromEntries(manifest.capabilities.richContent.map((s) => [s.type, s.level]));
      const rendered = Object.fromEntries(manifest.capabilities.richContent.map((s) => [s.type, matrix.get(manifest.type)![s.type].outcome]));
      expect(declared).toEqual(rendered);
    });
  }
});
