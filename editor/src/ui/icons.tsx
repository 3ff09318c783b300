// A handful of line icons (24×24, currentColor), drawn inline so the console has no icon dependency.
import type { SVGProps } from 'react';
import { paths, type IconName } from './icon-paths';

export type { IconName };

export function Icon({ name, size = 16, ...rest }: { name: IconName; size?: number } & SVGProps<SVGSVGElement>) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.9}
      strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" {...rest}>
      <path d={paths[name]} />
    </svg>
  );
}
