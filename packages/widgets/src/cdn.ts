// The single-file bundle for a <script type="module"> tag: registers every widget.
export * from './index.js';
