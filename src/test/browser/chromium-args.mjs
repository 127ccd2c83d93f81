// Headless Chromium's flags for every browser test (docs/html-preview.md). SwiftShader gives WebGL2 with float
// render targets headless.
export const CHROMIUM_ARGS = ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
  '--disable-default-apps', '--mute-audio'];
