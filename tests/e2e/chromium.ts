import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium, headless, with WebGL2 through SwiftShader. Frames are slow there: tests wait for states,
 * never for times.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader'
    ]
  });
}
