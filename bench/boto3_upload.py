#!/usr/bin/python3
"""The boto3 peer of the benchmark: upload one file or a folder with the same part size and concurrency."""
import os
import sys
from concurrent.futures import ThreadPoolExecutor

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config

endpoint, bucket, prefix, source, part_mib, concurrency = sys.argv[1:7]
part = int(part_mib) * 1024 * 1024
workers = int(concurrency)
s3 = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id="AKIDTESTUPLOADER",
                  aws_secret_access_key="test-secret-key-for-the-uploader", region_name="us-east-1",
                  config=Config(s3={"addressing_style": "path"}, max_pool_connections=workers + 4))
config = TransferConfig(multipart_threshold=part, multipart_chunksize=part, max_concurrency=workers)

if os.path.isfile(source):
    s3.upload_file(source, bucket, prefix + "/" + os.path.basename(source), Config=config)
else:
    files = [os.path.join(d, f) for d, _, names in os.walk(source) for f in names]
    single = TransferConfig(multipart_threshold=part, multipart_chunksize=part, max_concurrency=1, use_threads=False)

    def one(path):
        s3.upload_file(path, bucket, prefix + "/" + os.path.relpath(path, source), Config=single)

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, files))
