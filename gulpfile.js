// n8n loads node and credential icons and codex files from dist/, next to the compiled classes.
const { src, dest, parallel } = require('gulp');

function copyIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}', 'icons/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

function copyCodex() {
	return src(['nodes/**/*.node.json'], { base: '.' }).pipe(dest('dist'));
}

exports['build:icons'] = copyIcons;
exports['build:codex'] = copyCodex;
exports.default = parallel(copyIcons, copyCodex);
