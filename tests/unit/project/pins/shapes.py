"""Pin files in the shapes real repositories use (read from public workflows, Dockerfiles,
GitLab CI files and devcontainers), shared by the reader, rewrite and check tests."""

from __future__ import annotations

# A setup-go README-style matrix, block-style steps at the key's indentation, an env
# value read through ${{ env.X }}, unquoted floats (1.20 is 1.2), include entries, a
# flow mapping under with:, stable/oldstable, a container job, a workflow_call input.
WORKFLOW = """\
name: CI

on:
  push:
    branches: [ main ]
  workflow_call:
    inputs:
      go-version:
        type: string
        default: '1.23'

env:
  GO_VERSION: '1.23'   # used by lint

jobs:
  test:
    name: Go ${{ matrix.go }} on ${{ matrix.os }}
    runs-on: ${{ matrix.os }}
    strategy:
      fail-fast: false
      matrix:
        go: [ '1.22', '1.23' ]
        os: [ubuntu-latest, macos-latest]
        include:
          - go: "1.23"
            os: windows-latest
    steps:
    - uses: actions/checkout@v4
    - name: Setup go
      uses: actions/setup-go@v5
      with:
        go-version: ${{ matrix.go }}
        check-latest: true
    - run: |
        go test -race ./...
        echo "go-version: 1.10"
  legacy:
    strategy:
      matrix:
        go-version:
          - 1.19
          - 1.20   # YAML reads 1.2
          - "1.21.x"
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-go@v4
        with: {go-version: "${{ matrix.go-version }}", cache: false}
  lint:
    runs-on: ubuntu-latest
    container:
      image: golang:1.23.9-bookworm
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
        with:
          go-version: ${{ env.GO_VERSION }}
      - uses: actions/setup-go@v5
        with:
          go-version: stable
      - uses: actions/setup-go@v5.0.1
        with:
          go-version-file: 'go.mod'
      - uses: docker://golang:1.23-alpine
  called:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-go@v5
        with:
          go-version: ${{ inputs.go-version }}
      - uses: actions/setup-go@v5
        with:
          go-version: '>=1.22.0'
"""

DOCKERFILE = """\
# syntax=docker/dockerfile:1.7
ARG GO_VERSION=1.23.9
ARG ALPINE_VERSION=3.20

FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine${ALPINE_VERSION} AS build
ARG TARGETOS TARGETARCH
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \\
    go mod download
COPY . .
RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app ./cmd/app

FROM golang:1.23@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef as tools
COPY --from=golang:1.23.9 /usr/local/go/bin/gofmt /usr/local/bin/

from gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
"""

DOCKERFILE_2 = """\
FROM --platform=$BUILDPLATFORM docker.io/library/golang:1.22-bookworm AS builder
ENV GOLANG_VERSION 1.22.5
RUN go build ./...
FROM alpine:3.20
"""

GITLAB = """\
variables:
  GO_VERSION: "1.23"
  DOCKER_DRIVER: overlay2

stages: [lint, test]

default:
  image: golang:${GO_VERSION}

lint:
  stage: lint
  image: golang:1.23-alpine
  script:
    - golangci-lint run

test:
  stage: test
  image:
    name: "golang:1.23.9"
    entrypoint: [""]
  services:
    - postgres:16
  parallel:
    matrix:
      - GO_VERSION: ["1.22", "1.23"]
  script:
    - go test ./...
"""

DEVCONTAINER = """\
// Dev container for the service.
{
  "name": "service",
  "image": "mcr.microsoft.com/devcontainers/go:1-1.23-bookworm",
  "features": {
    "ghcr.io/devcontainers/features/go:1": {
      "version": "1.23.9", // pinned with CI
    },
    "ghcr.io/devcontainers/features/node:1": {"version": "20"}
  },
  /* forwarded for the API */
  "forwardPorts": [8080],
}
"""

MISE = """\
[tools]
node = "20"
go = "1.23"  # the series
"aqua:golangci/golangci-lint" = "1.61.0"

[env]
GO_VERSION = "ignored: not a tool"
"""

GOLANGCI = """\
run:
  timeout: 5m
  go: '1.23'
linters:
  enable: [govet, staticcheck]
"""

MAKEFILE = """\
GO_VERSION ?= 1.23.9
export GOLANG_VERSION := 1.23
IMAGE = golang:1.23-alpine

build:
\tdocker run --rm $(IMAGE) go build ./...
\tdocker run --rm golang:1.23.9 go vet ./...
"""
