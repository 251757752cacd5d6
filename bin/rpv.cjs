#!/usr/bin/env node
require('../dist/rpv.cjs');
