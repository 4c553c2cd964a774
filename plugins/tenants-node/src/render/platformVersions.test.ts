import { ConfigReader } from '@backstage/config';
import { createRenderContext } from './context';
import { PlatformVersions } from './platformVersions';

const config = (tenants: object) => new ConfigReader({ tenants });

describe('PlatformVersions', () => {
  it('has one version named after the image tag when config declares none', () => {
    const versions = PlatformVersions.fromConfig(config({ imageTag: '2.3.0' }));
    expect(versions.list()).toEqual(['2.3.0']);
    expect(versions.current).toBe('2.3.0');
    const base = createRenderContext({ imageTag: '2.3.0' });
    expect(versions.renderContext(base)).toEqual(base);
  });

  it('renders each version with its images over the top-level ones, and the last one is in force', () => {
    const versions = PlatformVersions.fromConfig(
      config({
        imageRegistry: 'registry.example.com/p',
        images: { postgres: 'docker.io/library/postgres:16.9' },
        platformVersions: {
          versions: [
            { version: '1.0.0', imageTag: '1.0.0' },
            {
              version: '1.1.0',
              imageTag: '1.1.0',
              images: { redis: 'docker.io/library/redis:8.0' },
              sizing: { small: { replicas: { controlPlane: 2 } } },
            },
          ],
        },
      }),
    );
    expect(versions.current).toBe('1.1.0');
    expect(versions.isBehind('1.0.0')).toBe(true);
    expect(versions.isBehind('1.1.0')).toBe(false);
    expect(versions.isBehind('0.9.0')).toBe(true);
    expect(versions.olderThanCurrent()).toEqual(['1.0.0']);

    const base = createRenderContext();
    const old = versions.renderContext(base, '1.0.0');
    const current = versions.renderContext(base);
    expect(old.images['ai-engine']).toBe(
      'registry.example.com/p/ai-engine:1.0.0',
    );
    expect(old.images.postgres).toBe('docker.io/library/postgres:16.9');
    expect(old.images.redis).toBe('docker.io/library/redis:7.4');
    expect(old.sizing).toEqual(base.sizing);
    expect(current.images['ai-engine']).toBe(
      'registry.example.com/p/ai-engine:1.1.0',
    );
    expect(current.images.redis).toBe('docker.io/library/redis:8.0');
    expect(current.sizing.small.replicas.controlPlane).toBe(2);
    expect(current.sizing.medium).toEqual(base.sizing.medium);
  });

  it('honours a current version that is not the last', () => {
    const versions = PlatformVersions.fromConfig(
      config({
        platformVersions: {
          current: '1.0.0',
          versions: [{ version: '1.0.0' }, { version: '1.1.0-rc.1' }],
        },
      }),
    );
    expect(versions.current).toBe('1.0.0');
    expect(versions.isBehind('1.1.0-rc.1')).toBe(false);
    expect(versions.olderThanCurrent()).toEqual([]);
  });

  it('refuses config that names a current version it does not declare, or a version twice', () => {
    expect(() =>
      PlatformVersions.fromConfig(
        config({
          platformVersions: {
            current: '2.0.0',
            versions: [{ version: '1.0.0' }],
          },
        }),
      ),
    ).toThrow(
      "tenants.platformVersions.current is '2.0.0', which tenants.platformVersions.versions does not declare (declared: 1.0.0)",
    );
    expect(
      () => new PlatformVersions([{ version: '1.0.0' }, { version: '1.0.0' }]),
    ).toThrow("declares version '1.0.0' twice");
    expect(() => new PlatformVersions([])).toThrow('at least one version');
  });

  it('says which versions exist when asked to render an unknown one', () => {
    const versions = new PlatformVersions([{ version: '1.0.0' }]);
    expect(() =>
      versions.renderContext(createRenderContext(), '0.1.0'),
    ).toThrow(
      "Platform version '0.1.0' is not declared in tenants.platformVersions (declared: 1.0.0)",
    );
  });
});
