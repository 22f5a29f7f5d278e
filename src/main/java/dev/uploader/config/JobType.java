package dev.uploader.config;

public enum JobType { LOCAL_TO_S3, S3_TO_S3, ALIOSS_TO_S3 }
