#!/usr/bin/env sh
# Copy the front-end packages installed by `npm ci` into static files; nothing comes from a CDN.
set -eu
dest=assets/vendor
rm -rf "$dest"
mkdir -p "$dest/kern/fonts" "$dest/htmx"
cp node_modules/@kern-ux/native/dist/kern.min.css "$dest/kern/"
cp node_modules/@kern-ux/native/dist/fonts/fira-sans.css "$dest/kern/fonts/"
cp -r node_modules/@kern-ux/native/dist/fonts/fira-sans "$dest/kern/fonts/"
cp node_modules/@kern-ux/native/LICENSE.md "$dest/kern/"
cp node_modules/htmx.org/dist/htmx.min.js "$dest/htmx/"
