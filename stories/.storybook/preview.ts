import { setCustomElementsManifest, type Preview } from '@storybook/web-components-vite';
// The widgets' manifest (made by `pnpm build`): each widget's docs page lists its attributes,
// properties, events with their detail types, parts, CSS custom properties and slots from it.
import manifest from '@payam/widgets/custom-elements.json';

setCustomElementsManifest(manifest);

const preview: Preview = {
  // A generated docs page for every widget.
  tags: ['autodocs'],
  parameters: {
    controls: { expanded: true },
    layout: 'padded',
  },
};

export default preview;
